-- Argo CD health of a ray.io/v1 RayCluster, from the status KubeRay v1.7.0 writes
-- (RayClusterReconciler.calculateStatus; conditions are on by default, feature gate
-- RayClusterStatusConditions).
--
-- status.state is not used for health: it turns "ready" once all Pods first run and stays so
-- while Pods added later (autoscaler, replaced Pods) are Pending. Health comes from the
-- conditions and from readyWorkerReplicas against desiredWorkerReplicas instead.
-- status.observedGeneration is not compared either: KubeRay only writes the status when another
-- field changes (utils.InconsistentRayClusterStatus), so it lags after spec edits that change
-- nothing else and would leave the cluster Progressing for good.

-- Head container states that do not heal by waiting (Argo CD's Pod check treats them alike).
local HEAD_FAILURES = {
  CrashLoopBackOff = true,
  ImagePullBackOff = true,
  ErrImagePull = true,
  ErrImageNeverPull = true,
  InvalidImageName = true,
  CreateContainerConfigError = true,
  CreateContainerError = true,
  RunContainerError = true,
  OOMKilled = true,
  Error = true,
}

local status = obj.status
if status == nil or (status.conditions == nil and status.state == nil) then
  return health("Progressing",
    "Waiting for KubeRay to report status (KubeRay reports a spec it rejects only as an Event on the RayCluster)")
end

local headReady = findCondition(status, "HeadPodReady")
if headReady == nil then
  -- Conditions are off (feature gate disabled): only state and worker counts are known.
  if status.state == "suspended" then
    return health("Suspended", "RayCluster is suspended (spec.suspend)")
  end
  if status.state ~= "ready" then
    return health("Progressing", join("Waiting for all Ray Pods to run", workerSummary(status)))
  end
else
  if isTrue(findCondition(status, "RayClusterSuspended")) then
    return health("Suspended", "RayCluster is suspended (spec.suspend): all its Pods are deleted")
  end
  if isTrue(findCondition(status, "RayClusterSuspending")) then
    return health("Suspended", "RayCluster is suspending (spec.suspend): deleting its Pods")
  end

  local replicaFailure = findCondition(status, "ReplicaFailure")
  if isTrue(replicaFailure) then
    -- The message is the Kubernetes API error, led by the reason (FailedCreateWorkerPod, ...).
    return health("Degraded", join("KubeRay failed to create or delete Pods", replicaFailure.message))
  end

  if headReady.status ~= "True" then
    local headPod = "Head Pod"
    if status.head ~= nil and status.head.podName ~= nil then
      headPod = headPod .. " " .. status.head.podName
    end
    local healthStatus = "Progressing"
    if HEAD_FAILURES[headReady.reason] then
      healthStatus = "Degraded"
    end
    return health(healthStatus, join(headPod .. " is not ready", describe(headReady)))
  end

  local provisioned = findCondition(status, "RayClusterProvisioned")
  if provisioned ~= nil and provisioned.status ~= "True" then
    return health("Progressing", join(describe(provisioned), workerSummary(status)))
  end
end

if count(status.readyWorkerReplicas) < count(status.desiredWorkerReplicas) then
  return health("Progressing", workerSummary(status) .. ", waiting for the others to be scheduled and start")
end
return health("Healthy", workerSummary(status))
