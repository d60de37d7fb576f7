FROM alpine:3.20
RUN sh -c 'apk add --no-cache curl'
RUN <<EOT
set -e
apk upgrade --no-cache
apk add --no-cache git
EOT
ONBUILD RUN apk add --no-cache make
