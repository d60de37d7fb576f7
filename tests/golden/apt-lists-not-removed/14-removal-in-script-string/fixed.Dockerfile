FROM debian:bookworm-slim
ARG PACKAGES="curl git"
RUN apt-get update && bash -c "apt-get install -y ${PACKAGES} && rm -rf /var/lib/apt/lists/*"
RUN apt-get update && su root -c "apt-get install -y ${PACKAGES}" && rm -rf /var/lib/apt/lists/*
