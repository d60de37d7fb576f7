FROM debian:12
SHELL ["/bin/sh", "-e", "-c"]
RUN apt-get update && apt-get install -y curl
