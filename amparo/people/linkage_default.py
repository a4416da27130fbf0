"""The default linkage parameters, for a center with too few people to estimate its own.

Fitted by ``linkage.fit`` on ``people.synthetic.generate(20000, seed=1981)`` (the set the
levels were tuned on), without term frequencies. Written by ``python -m bench.linkage_default``.
"""

PARAMETERS = {'fields': ['given', 'surname', 'birth', 'phone', 'address', 'identifier'],
 'levels': {'address': ['same_street', 'same_postcode', 'same_city', 'other'],
            'birth': ['same', 'swapped', 'days_apart', 'one_digit', 'year_month', 'year', 'other'],
            'given': ['same', 'one_given', 'nickname', 'phonetic', 'jw_high', 'jw_mid', 'initial', 'other'],
            'identifier': ['same', 'other'],
            'phone': ['same', 'last7', 'other'],
            'surname': ['same', 'swapped', 'one_missing', 'phonetic', 'jw_high', 'one_of_two', 'jw_mid', 'other']},
 'm': {'address': [0.837155, 0.00101114, 5.00035e-06, 0.161786],
       'birth': [0.760257, 0.0566076, 0.181088, 0.000640488, 5.80921e-05, 5.19537e-06, 0.00129189],
       'given': [0.703823, 0.151528, 0.081696, 0.013892, 0.037291, 0.0096874, 5.00025e-06, 0.00203424],
       'identifier': [0.999682, 0.000318248],
       'phone': [0.821172, 5.17119e-06, 0.178773],
       'surname': [0.542311, 0.108421, 0.188618, 0.0406412, 0.114284, 0.00415101, 0.000526545, 0.00104729]},
 'matches_per_record': 0.156313,
 'prior': 1.56321e-05,
 'schema': 1,
 'tf': {},
 'threshold': 0.99,
 'u': {'address': [3.50025e-05, 0.00128509, 5.00035e-06, 0.998675],
       'birth': [8.83213e-05, 5.19537e-06, 0.000244182, 0.000836455, 0.000711766, 5.19537e-06, 0.998109],
       'given': [0.00628531, 0.0527576, 0.00143507, 0.000145007, 0.00234512, 0.00678534, 5.00025e-06, 0.930242],
       'identifier': [6.31951e-05, 0.999937],
       'phone': [5.17119e-06, 5.17119e-06, 0.99999],
       'surname': [0.00136507, 0.00107505, 0.00283514, 0.000145007, 0.00673534, 0.125801, 0.00506525, 0.856978]}}
