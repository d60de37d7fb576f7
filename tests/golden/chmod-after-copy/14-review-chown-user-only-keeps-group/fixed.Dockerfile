FROM alpine:3.20
COPY --chown=app:0 run.sh /run.sh
COPY --chmod=755 --chown=1000:0 a.sh /a.sh
