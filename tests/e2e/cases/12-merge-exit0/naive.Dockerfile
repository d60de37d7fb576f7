FROM localhost/bb
RUN echo a > /a; exit 0; echo never > /never && echo b > /b
