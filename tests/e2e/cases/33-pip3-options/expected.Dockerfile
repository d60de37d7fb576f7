FROM localhost/bbfake
RUN pip3 install --no-cache-dir --upgrade requests urllib3 && echo ok > /ok
