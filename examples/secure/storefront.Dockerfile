# The image of storefront (web.yaml): a pinned base image, and a non-root user whose UID
# matches the Deployment's runAsUser.
FROM registry.example.com/base/python:3.12.8-slim

WORKDIR /srv/storefront
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

USER 10001:10001
EXPOSE 8080
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "storefront.wsgi"]
