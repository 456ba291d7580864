-- Helpers shared by the ray.io health checks. health-checks.ts puts this file in front of each
-- kind's script, so Argo CD receives one self-contained chunk per kind.
--
-- Lua 5.1 (gopher-lua), base and table library only: Argo CD runs argocd-cm health scripts
-- without the string, math and os libraries unless resource.customizations.useOpenLibs.<key>
-- is set, and these scripts do not need it.

-- The result table Argo CD expects from a health script.
local function health(status, message)
  return { status = status, message = message }
end

-- Joins the given values with ": ", skipping nil and empty ones.
local function join(...)
  local parts = {}
  for i = 1, select("#", ...) do
    local part = select(i, ...)
    if part ~= nil and part ~= "" then
      table.insert(parts, tostring(part))
    end
  end
  return table.concat(parts, ": ")
end

-- KubeRay omits zero counts (omitempty), so a missing count is 0.
local function count(value)
  if value == nil then
    return 0
  end
  return value
end

-- The metav1.Condition of the given type in status.conditions, or nil.
local function findCondition(status, conditionType)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function isTrue(condition)
  return condition ~= nil and condition.status == "True"
end

-- "Reason: message" of a condition.
local function describe(condition)
  return join(condition.reason, condition.message)
end

-- Map keys in a stable order (Go maps decode in random order), so messages do not flap.
local function sortedKeys(map)
  local keys = {}
  if map ~= nil then
    for key in pairs(map) do
      table.insert(keys, key)
    end
  end
  table.sort(keys)
  return keys
end

-- "2/4 worker Pods ready" from a RayClusterStatus (also embedded in RayJob status).
local function workerSummary(clusterStatus)
  return count(clusterStatus.readyWorkerReplicas) .. "/" .. count(clusterStatus.desiredWorkerReplicas)
    .. " worker Pods ready"
end
