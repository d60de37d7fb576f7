FROM localhost/bb
COPY --chmod=750 . /app
