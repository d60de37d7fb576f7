FROM alpine:3.20
RUN ( eval "cd /tmp" ) \
    && ( ulimit -c 0 ) \
    && ( FOO=1 : ) \
    && FOO=2 env > /env \
    && pwd > /pwd && ulimit -c > /core && echo "${FOO:-none}" > /foo
