FROM localhost/bb
COPY --chmod=600 app.sh /usr/local/bin/app.sh
