# escape=`
FROM alpine:3.20
RUN echo a > /x \
RUN echo b > /y `
    && echo c > /z
