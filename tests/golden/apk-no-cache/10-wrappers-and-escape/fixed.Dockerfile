# escape=`
FROM alpine:3.20
RUN sudo apk add --no-cache `
      curl `
 && env FOO=1 apk add --no-cache jq
