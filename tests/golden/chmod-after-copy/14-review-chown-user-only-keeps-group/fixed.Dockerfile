FROM alpine:3.20
COPY run.sh /run.sh
RUN chown app /run.sh
COPY --chmod=755 --chown=1000:0 a.sh /a.sh
