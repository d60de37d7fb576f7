FROM localhost/bb
RUN mkdir /build && yes object | head -c 200000 > /build/blob.o && head -c 64 /build/blob.o > /app.bin && rm -rf /build
