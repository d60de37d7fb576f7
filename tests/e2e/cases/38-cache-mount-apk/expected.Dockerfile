FROM localhost/bbfake
RUN --mount=type=cache,target=/var/cache/apk apk add curl
