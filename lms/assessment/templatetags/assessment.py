from django import template

register = template.Library()


@register.filter
def answer_for(answers, question_id):
    """The answer given to a question on a refused submission, to show it again (chosen indexes as text)."""
    given = (answers or {}).get(question_id)
    return [str(index) for index in given] if isinstance(given, list) else given
