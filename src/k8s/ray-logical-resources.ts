/**
 * How KubeRay v1.7.0 turns a Ray container's Kubernetes resources into `ray start` parameters
 * (`generateRayStartCommand` and `addWellKnownAcceleratorResources` in
 * `ray-operator/controllers/ray/common/pod.go`): `--num-cpus` from the CPU limit, else the CPU
 * request; `--num-gpus` from a GPU limit (`nvidia.com/gpu`, any `*gpu` key), each as
 * `resource.Quantity.Value()`, which rounds a fraction UP ("rounded up to the nearest integer
 * away from 0"), so a 500m worker advertises 1 CPU, not 0.
 * @see https://pkg.go.dev/k8s.io/apimachinery/pkg/api/resource#Quantity.Value
 */
export function kuberayLogicalCount(quantity: number): number {
  return quantity < 0 ? Math.floor(quantity) : Math.ceil(quantity);
}
