FROM localhost/bb
RUN --mount=type=cache,target=/cache echo a > /cache/x && mkdir -p /cache && echo b > /cache/y
