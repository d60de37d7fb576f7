FROM localhost/bb
RUN echo a > /a; && echo b > /b
