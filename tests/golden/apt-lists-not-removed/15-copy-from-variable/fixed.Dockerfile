FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y build-essential
ENV PREFIX=/opt/tool
RUN make install PREFIX="$PREFIX"

FROM debian:bookworm-slim AS other
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm-slim
ENV PREFIX=/opt/tool
ARG FROMDIR
COPY --from=build ${PREFIX} /opt/tool
COPY --from=other $FROMDIR /x
