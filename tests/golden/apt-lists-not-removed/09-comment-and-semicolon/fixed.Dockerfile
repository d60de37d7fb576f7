FROM debian:bookworm-slim
RUN apt-get update; apt-get install -y curl && rm -rf /var/lib/apt/lists/*; # install curl
RUN apt-get -qq update && apt-get -qq install -y jq && rm -rf /var/lib/apt/lists/* # quiet
