FROM alpine:3.20
RUN ( test -f /etc/skip || exit 0; touch /not-skipped ) \
    && touch /after \
    && { [ -d /nope ] || exit 0; }
