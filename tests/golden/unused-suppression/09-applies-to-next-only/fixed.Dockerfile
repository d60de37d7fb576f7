FROM alpine:3.20
# slimfile ignore=apk-no-cache
RUN echo a
RUN apk add --no-cache curl
