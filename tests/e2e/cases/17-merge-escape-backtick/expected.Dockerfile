# escape=`
FROM localhost/bb
RUN echo a > /a && `
    echo c > /c && `
    echo 'b\n' > /b
