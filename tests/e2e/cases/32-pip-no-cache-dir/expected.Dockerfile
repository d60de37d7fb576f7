FROM localhost/bbfake
RUN pip install --no-cache-dir flask
