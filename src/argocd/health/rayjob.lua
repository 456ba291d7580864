-- Argo CD health of a ray.io/v1 RayJob, from the status KubeRay v1.7.0 writes
-- (RayJobReconciler.Reconcile).
--
-- jobDeploymentStatus (KubeRay's view of cluster, submitter and deadlines) decides; jobStatus
-- (the Ray job as the dashboard reports it) only refines Complete. The two disagree in real
-- states: a RayJob whose spec KubeRay rejects on a later reconcile, or whose activeDeadlineSeconds
-- passes, keeps jobStatus RUNNING while jobDeploymentStatus is ValidationFailed or Failed.
-- status.observedGeneration is not compared: KubeRay v1.7.0 never writes it for RayJobs.

local status = obj.status
local deployment = nil
if status ~= nil then
  deployment = status.jobDeploymentStatus
end

if deployment == nil or deployment == "" then
  -- "" is also where Retrying returns to before the next attempt starts.
  if status ~= nil and count(status.failed) > 0 then
    return health("Progressing", "Waiting for KubeRay to start attempt " .. (count(status.failed) + 1)
      .. " after " .. count(status.failed) .. " failed")
  end
  return health("Progressing", "Waiting for KubeRay to start the RayJob")
end

local rayJob = "Ray job"
if status.jobId ~= nil then
  rayJob = rayJob .. " " .. status.jobId
end
local jobStatus = status.jobStatus
if jobStatus == nil or jobStatus == "" then
  jobStatus = "not yet reported"
end
local cluster = "RayCluster " .. tostring(status.rayClusterName)

-- What the Ray job last reported, for failures KubeRay decides on its own.
local function withJobStatus(message)
  if status.jobStatus == nil or status.jobStatus == "" then
    return message
  end
  return message .. " (" .. rayJob .. " last reported " .. status.jobStatus .. ")"
end

if deployment == "ValidationFailed" then
  return health("Degraded", withJobStatus(join("KubeRay rejected the RayJob spec", status.message)))
end

if deployment == "Failed" then
  return health("Degraded", withJobStatus(join("RayJob failed", status.reason, status.message)))
end

if deployment == "Complete" then
  if status.jobStatus == "SUCCEEDED" then
    return health("Healthy", join(rayJob .. " SUCCEEDED", status.message))
  end
  return health("Degraded", join(rayJob .. " ended " .. jobStatus, status.message))
end

if deployment == "Suspended" then
  return health("Suspended", "RayJob is suspended (spec.suspend): its RayCluster is deleted")
end
if deployment == "Suspending" then
  return health("Suspended", "RayJob is suspending (spec.suspend): deleting its RayCluster and submitter")
end

if deployment == "Retrying" then
  local message = "Retrying after " .. count(status.failed) .. " failed attempt(s)"
  if obj.spec ~= nil and obj.spec.backoffLimit ~= nil then
    message = message .. " of " .. (obj.spec.backoffLimit + 1) .. " allowed (spec.backoffLimit "
      .. obj.spec.backoffLimit .. ")"
  end
  return health("Progressing", message .. ": deleting the failed RayCluster")
end

if deployment == "Initializing" then
  local message = "Initializing: waiting for " .. cluster .. " to be ready"
  if status.rayClusterStatus ~= nil then
    message = message .. " (" .. workerSummary(status.rayClusterStatus) .. ")"
  end
  return health("Progressing", message)
end

if deployment == "Waiting" then
  return health("Progressing", cluster .. " is ready, waiting for spec.jobId of a job submitted to it (InteractiveMode)")
end

if deployment == "Running" then
  return health("Progressing", join(rayJob .. " " .. jobStatus .. " on " .. cluster, status.message))
end

return health("Progressing", "Unknown jobDeploymentStatus " .. deployment)
