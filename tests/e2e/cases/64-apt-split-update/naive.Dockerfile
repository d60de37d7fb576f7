FROM localhost/bbfake
RUN apt-get update && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y curl
