# escape=`
FROM alpine:3.20
RUN echo a\b > /a.txt `
    && echo b `
    && echo c > /c.txt
