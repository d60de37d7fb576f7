FROM ubuntu:22.04
USER app
RUN sudo apt-get update && sudo apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN sh -c "apt-get update && apt-get install -y git" && rm -rf /var/lib/apt/lists/*
