FROM alpine:3.20
RUN --mount=type=tmpfs,target=/tmp echo hi > /tmp/f
RUN --mount=type=tmpfs,target=/tmp cp /tmp/f /out || echo none > /out
RUN --mount=type=bind,rw,target=/src make -C /src
RUN --mount=type=bind,rw,target=/src make -C /src install
RUN --mount=type=cache,target=/root/.cache echo a \
    && echo b
