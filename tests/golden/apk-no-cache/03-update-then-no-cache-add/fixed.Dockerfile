FROM alpine:3.20
RUN apk update --no-cache && apk add --no-cache curl
