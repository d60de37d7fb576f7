FROM localhost/bbfake
RUN apk add --no-cache curl
