FROM localhost/bb
RUN echo() { :; }; echo a > /a && echo b > /b
