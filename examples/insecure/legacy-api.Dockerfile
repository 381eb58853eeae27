# The image of legacy-api (insecure-deployment.yaml), as it was built for the old VM.
#
# - No tag on the base image: every build pulls whatever `latest` is that day
#   (dockerfile-image-latest; pin a version, or a digest).
# - No USER: the final image runs as root (dockerfile-user-root; add a non-root USER, which
#   the Deployment's runAsNonRoot can then enforce).
FROM registry.example.com/base/python

WORKDIR /srv/legacy-api
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

EXPOSE 8080
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "legacy_api.wsgi"]
