FROM alpine:3.20
COPY a.sh /a.sh
RUN chmod 4755 /a.sh && chown 1000:1000 /a.sh
COPY --chmod=2755 b.sh /b.sh
RUN chown 1000:1000 /b.sh
COPY --chown=1000:1000 --chmod=4755 c.sh /c.sh
