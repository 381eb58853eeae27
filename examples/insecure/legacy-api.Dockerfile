# The image of legacy-api (insecure-deployment.yaml), as it was built for the old VM.
#
# - No tag on the base image: every build pulls whatever `latest` is that day
#   (dockerfile-image-latest; pin a version, or a digest).
# - No USER: the final image runs as root (dockerfile-user-root; add a non-root USER, which
#   the Deployment's runAsNonRoot can then enforce).
# - The static assets are built on an image pulled straight from Docker Hub, which the company
#   registry does not vet (dockerfile-untrusted-registry; use the mirror in
#   registry.example.com), in the in-memory /dev/shm as the old CI did
#   (dockerfile-workdir-system-dir; build in a directory of its own).
# - Port 22 is exposed for the sshd the old deploy scripts logged in with
#   (dockerfile-expose-ssh; use `kubectl exec` instead).
# - The favicon is copied `--from=asset`, a typo: no stage has that name, so Docker pulls
#   whatever Docker Hub serves as the image `asset` (dockerfile-copy-from-unknown-stage, and
#   dockerfile-untrusted-registry since Docker Hub is not an allowed registry).
# - The deploy key and the private package index's password are baked into the image
#   (dockerfile-secret-file-copied, dockerfile-secret-in-env-or-arg, dockerfile-secret-in-run;
#   mount them for the one step with `RUN --mount=type=secret`).
# - The old VM's setup script, pasted in: sudo (dockerfile-sudo), an index refresh in a RUN
#   of its own (dockerfile-package-update-without-install), an unsigned vendor package
#   (dockerfile-package-signature-check-disabled) and a download without certificate checks
#   (dockerfile-tls-verification-disabled), and an account with a password for the deploy
#   scripts' logins (dockerfile-chpasswd).
# - `COPY . .` with no .dockerignore: the Git history and any .env or key file lying in the
#   directory go into the image (dockerfile-dockerignore-incomplete).
FROM node:20.11-slim AS assets
WORKDIR /dev/shm/assets
COPY frontend/ ./
RUN npm ci && npm run build

FROM registry.example.com/base/python

WORKDIR /srv/legacy-api
COPY requirements.txt .
ARG PYPI_TOKEN
COPY deploy/id_rsa /root/.ssh/id_rsa
RUN apt-get update
RUN sudo apt-get install -y --allow-unauthenticated legacy-tools \
 && curl -fsSLk https://vendor.example.com/agent.sh -o /tmp/agent.sh \
 && useradd deploy && echo 'deploy:deploy' | chpasswd
RUN pip install --no-cache-dir --index-url https://ci:Legacy2019pw@pypi.example.com/simple -r requirements.txt
COPY . .
COPY --from=assets /dev/shm/assets/dist /srv/legacy-api/static/
COPY --from=asset /dev/shm/assets/favicon.ico /srv/legacy-api/static/

EXPOSE 8080 22
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "legacy_api.wsgi"]
