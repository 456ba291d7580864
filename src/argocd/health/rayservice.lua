-- Argo CD health of a ray.io/v1 RayService, from the status KubeRay v1.7.0 writes
-- (RayServiceReconciler: validation, handleSuspend, calculateStatus, calculateConditions).
--
-- The Ready condition only says the Serve service has endpoints: it stays True while the
-- pending cluster of a zero-downtime upgrade fails and while an in-place Serve config change
-- deploys. So the Serve application statuses of the active and the pending cluster count too.
-- serviceStatus is not read: since KubeRay v1.3 it only mirrors Ready.
-- The embedded rayClusterStatus blocks are not read: KubeRay does not rewrite the status when
-- only they change, so they can be stale.

-- Serve application states that need a fix, not more time.
local APP_FAILURES = { DEPLOY_FAILED = true, UNHEALTHY = true }

local function failed(appStatus)
  return APP_FAILURES[appStatus] == true
end

local function notRunning(appStatus)
  return appStatus ~= "RUNNING"
end

-- One line per Serve application of a service status whose status `selected` accepts, with the
-- Serve message and the deployments that are not HEALTHY.
local function applications(serviceStatus, selected, lines)
  if serviceStatus == nil or serviceStatus.applicationStatuses == nil then
    return lines
  end
  local apps = serviceStatus.applicationStatuses
  for _, name in ipairs(sortedKeys(apps)) do
    local app = apps[name]
    if selected(app.status) then
      local line = join("application " .. name .. " " .. tostring(app.status) .. " on RayCluster "
        .. tostring(serviceStatus.rayClusterName), app.message)
      local deployments = app.serveDeploymentStatuses
      for _, deploymentName in ipairs(sortedKeys(deployments)) do
        local deployment = deployments[deploymentName]
        if deployment.status ~= "HEALTHY" then
          line = line .. "; " .. join("deployment " .. deploymentName .. " " .. tostring(deployment.status),
            deployment.message)
        end
      end
      table.insert(lines, line)
    end
  end
  return lines
end

-- Lines for the applications of both clusters that `selected` accepts, active cluster first.
local function bothClusters(status, selected)
  return applications(status.pendingServiceStatus, selected, applications(status.activeServiceStatus, selected, {}))
end

local status = obj.status
local ready = findCondition(status, "Ready")
if ready == nil then
  return health("Progressing", "Waiting for KubeRay to report status")
end

local suspended = findCondition(status, "Suspended")
if isTrue(suspended) then
  return health("Suspended", join("RayService is suspended (spec.suspend)", suspended.message))
end
local suspending = findCondition(status, "Suspending")
if isTrue(suspending) then
  return health("Suspended", join("RayService is suspending (spec.suspend)", suspending.message))
end

-- Final until the spec changes (ValidationFailed) or the RayService is recreated (InitializingTimeout).
if ready.status ~= "True" and (ready.reason == "ValidationFailed" or ready.reason == "InitializingTimeout") then
  return health("Degraded", describe(ready))
end

local failures = bothClusters(status, failed)
if #failures > 0 then
  return health("Degraded", table.concat(failures, "; "))
end

-- Checked after the failures above: KubeRay writes ValidationFailed without observing the generation.
local generation = obj.metadata.generation
if generation ~= nil and count(status.observedGeneration) < generation then
  return health("Progressing", "Waiting for KubeRay to reconcile generation " .. generation .. " (observed "
    .. count(status.observedGeneration) .. ")")
end

local rollback = findCondition(status, "RollbackInProgress")
if isTrue(rollback) then
  return health("Progressing", join("Rolling back the upgrade", describe(rollback)))
end

local upgrade = findCondition(status, "UpgradeInProgress")
if isTrue(upgrade) then
  local pending = status.pendingServiceStatus or {}
  local message = "Upgrading to RayCluster " .. tostring(pending.rayClusterName)
  local progress = {}
  if pending.targetCapacity ~= nil then
    table.insert(progress, "target capacity " .. pending.targetCapacity .. "%")
  end
  if pending.trafficRoutedPercent ~= nil then
    table.insert(progress, "traffic " .. pending.trafficRoutedPercent .. "%")
  end
  if #progress > 0 then
    message = message .. " (" .. table.concat(progress, ", ") .. ")"
  end
  return health("Progressing", join(message, table.concat(applications(pending, notRunning, {}), "; ")))
end

if ready.status == "True" then
  local deploying = applications(status.activeServiceStatus, notRunning, {})
  if #deploying > 0 then
    return health("Progressing", join("Serving while updating", table.concat(deploying, "; ")))
  end
  local active = status.activeServiceStatus or {}
  local message = "Serving from RayCluster " .. tostring(active.rayClusterName) .. " on "
    .. count(status.numServeEndpoints) .. " endpoint(s)"
  local names = sortedKeys(active.applicationStatuses)
  if #names > 0 then
    message = message .. ", applications " .. table.concat(names, ", ") .. " RUNNING"
  end
  return health("Healthy", message)
end

if ready.reason == "ZeroServeEndpoints" then
  return health("Degraded", describe(ready))
end
return health("Progressing", join(describe(ready), table.concat(bothClusters(status, notRunning), "; ")))
