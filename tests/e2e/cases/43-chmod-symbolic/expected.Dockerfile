FROM localhost/bb
COPY --chmod=755 app.sh /usr/local/bin/app.sh
