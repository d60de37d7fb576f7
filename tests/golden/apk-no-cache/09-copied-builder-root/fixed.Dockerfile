FROM alpine:3.20 AS rootfs
RUN apk add --no-cache --root /out --initdb --keys-dir /etc/apk/keys --repositories-file /etc/apk/repositories busybox

FROM scratch
COPY --from=rootfs /out /
