"""Ray Serve applications that the RayServices run.

Each module exposes ``build_app(args) -> Application``, the application-builder form that a Serve
config names as ``import_path: ray_workloads.serve.<module>:build_app``; Serve passes the
application's ``args`` mapping, which each builder validates before anything starts.
"""
