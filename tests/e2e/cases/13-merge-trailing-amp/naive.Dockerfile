FROM localhost/bb
RUN echo a > /a; true & && echo b > /b
