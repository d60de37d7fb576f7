FROM alpine:3.20
RUN /bin/echo 'a b' 'it'\''s' '$HOME' \
    && touch /x
RUN ["echo", "a\\nb"]
RUN mkdir -p /y \
    && /bin/sh -c 'cd /tmp && touch z'
