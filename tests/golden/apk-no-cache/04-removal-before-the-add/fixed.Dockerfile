FROM alpine:3.20
RUN rm -rf /var/cache/apk/* && apk add --no-cache curl
RUN apk add --no-cache wget
RUN rm -rf /var/cache/apk/*
