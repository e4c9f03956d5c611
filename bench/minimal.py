"""The framework's own ceiling: a Flask view returning a fixed string, under the same server."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, Harrow"
