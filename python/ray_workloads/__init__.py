"""The Ray programs that the ray-gitops manifests run.

``python -m ray_workloads.pipeline`` is the tokenize+embed pipeline of the RayJobs;
``ray_workloads.embedder.Embedder`` is the model wrapper shared by the pipeline and the Serve
apps (``ray_workloads.serve``).
"""
