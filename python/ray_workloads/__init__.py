"""The Ray programs that the ray-gitops manifests run.

* :mod:`ray_workloads.pipeline`: the tokenize+embed pipeline of the RayJobs
  (``python -m ray_workloads.pipeline``);
* :mod:`ray_workloads.serve`: the Serve applications of the RayServices
  (``ray_workloads.serve.<app>:build_app``);
* :mod:`ray_workloads.embedder`: ``Embedder``, the model wrapper shared by both;
* :mod:`ray_workloads.assets`: the offline cl100k_base and model files;
* :mod:`ray_workloads.cluster_check`: the sandbox RayJob (``python -m ray_workloads.cluster_check``).
"""
