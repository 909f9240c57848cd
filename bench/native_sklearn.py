"""One fit of scikit-learn's SGDClassifier on the matrix NativeTrainingBenchmark wrote.

Usage: /usr/bin/python3 native_sklearn.py FOLDER PARAMS_JSON
Reads FOLDER/{train,test}.{indptr,indices,values,labels} (little-endian int64, int32, float32,
float32) and FOLDER/columns, times SGDClassifier(**PARAMS_JSON).fit on the CSR matrix, and prints
one JSON line: fit_seconds, roc_auc on the test rows, and the scikit-learn version.
"""
import json
import sys
import time
from pathlib import Path

import sklearn
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import roc_auc_score

from native_xgboost import load


def main():
    folder = Path(sys.argv[1])
    params = json.loads(sys.argv[2])
    columns = int((folder / "columns").read_text())
    train_x, train_y = load(folder, "train", columns)
    test_x, test_y = load(folder, "test", columns)
    start = time.perf_counter()
    model = SGDClassifier(**params).fit(train_x, train_y)
    fit_seconds = time.perf_counter() - start
    scores = model.predict_proba(test_x)[:, 1]
    print(json.dumps({"fit_seconds": fit_seconds, "roc_auc": roc_auc_score(test_y, scores), "sklearn": sklearn.__version__}))


if __name__ == "__main__":
    main()
