#!/usr/bin/env bash
# Writes a throw-away PKI for one loopback control plane into <dir>: a CA, the API server's serving
# certificate, an admin client certificate (group system:masters, so RBAC lets every component
# in), the service-account signing key, and admin.kubeconfig for <server-url>.
set -euo pipefail
dir="$1"
server="$2"
cd "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ray-gitops-test-ca \
  -keyout ca.key -out ca.crt 2>/dev/null

sign() { # name subject [extensions]
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    ${3:+-extfile <(echo "$3")} -out "$1.crt" 2>/dev/null
}
sign apiserver /CN=kube-apiserver "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes.default.svc"
sign admin "/O=system:masters/CN=ray-gitops-admin" "extendedKeyUsage=clientAuth"

openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null

cat >admin.kubeconfig <<EOF
apiVersion: v1
kind: Config
clusters:
- name: loopback
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 ca.crt)
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 admin.crt)
    client-key-data: $(base64 -w0 admin.key)
contexts:
- name: loopback
  context: {cluster: loopback, user: admin}
current-context: loopback
EOF
