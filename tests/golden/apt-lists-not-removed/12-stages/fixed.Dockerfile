FROM debian:bookworm-slim AS base
RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*

FROM base AS build
RUN apt-get update && apt-get install -y build-essential
RUN make

FROM base
COPY --from=build /src/app /usr/local/bin/app
ONBUILD RUN apt-get update && apt-get install -y tzdata && rm -rf /var/lib/apt/lists/*
