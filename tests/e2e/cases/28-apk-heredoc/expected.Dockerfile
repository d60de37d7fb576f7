FROM localhost/bbfake
RUN <<EOT
apk add --no-cache curl
echo done > /done
EOT
