"""One fit of XGBoost's Python package on the matrix NativeTrainingBenchmark wrote.

Usage: /usr/bin/python3 native_xgboost.py FOLDER PARAMS_JSON
Reads FOLDER/{train,test}.{indptr,indices,values,labels} (little-endian int64, int32, float32,
float32) and FOLDER/columns, times building the DMatrix and training, and prints one JSON line:
fit_seconds, roc_auc on the test rows, and the XGBoost version.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sparse
import xgboost
from sklearn.metrics import roc_auc_score


def load(folder, part, columns):
    indptr = np.fromfile(folder / f"{part}.indptr", dtype="<i8")
    indices = np.fromfile(folder / f"{part}.indices", dtype="<i4")
    values = np.fromfile(folder / f"{part}.values", dtype="<f4")
    labels = np.fromfile(folder / f"{part}.labels", dtype="<f4")
    return sparse.csr_matrix((values, indices, indptr), shape=(len(indptr) - 1, columns)), labels


def main():
    folder = Path(sys.argv[1])
    params = json.loads(sys.argv[2])
    rounds = params.pop("rounds")
    columns = int((folder / "columns").read_text())
    train_x, train_y = load(folder, "train", columns)
    test_x, test_y = load(folder, "test", columns)
    start = time.perf_counter()
    matrix = xgboost.DMatrix(train_x, label=train_y, nthread=params["nthread"])
    booster = xgboost.train(params, matrix, num_boost_round=rounds)
    fit_seconds = time.perf_counter() - start
    scores = booster.predict(xgboost.DMatrix(test_x, nthread=params["nthread"]))
    print(json.dumps({"fit_seconds": fit_seconds, "roc_auc": roc_auc_score(test_y, scores), "xgboost": xgboost.__version__}))


if __name__ == "__main__":
    main()
