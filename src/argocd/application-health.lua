-- Health of a child Application as its root (app of apps) sees it. Argo CD stopped assessing
-- Application health in v1.8, so without this check every child is Healthy as soon as it exists
-- and the root's sync waves do not wait for the operator before the workloads.
-- Lua 5.1 (gopher-lua), base library only.
local hs = { status = "Progressing", message = "Waiting for the Application's first sync" }
local status = obj.status
if status == nil then
  return hs
end
-- A sync in flight: the health still describes the previous revision.
if status.operationState ~= nil and status.operationState.phase == "Running" then
  hs.message = "Sync running"
  return hs
end
if status.health ~= nil and status.health.status ~= nil and status.health.status ~= "" then
  hs.status = status.health.status
  hs.message = "Application is " .. status.health.status
end
return hs
