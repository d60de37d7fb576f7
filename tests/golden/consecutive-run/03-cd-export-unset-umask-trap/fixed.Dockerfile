FROM alpine:3.20
RUN ( cd /tmp && touch in-tmp ) \
    && ( export FOO=bar && echo "$FOO" > /foo ) \
    && ( FOO=baz ) \
    && ( unset HOME ) \
    && ( umask 077 && touch /private ) \
    && ( trap 'rm -f /tmp/lock' EXIT; touch /tmp/lock ) \
    && pwd > /where && echo "${FOO:-unset}" > /foo2 && touch /public
